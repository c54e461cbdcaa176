// Command storyline is Storyline's single binary: see `storyline help`.
package main

import (
	"os"

	"github.com/storyline-news/storyline/internal/cli"
)

func main() {
	os.Exit(cli.Run(os.Args))
}
