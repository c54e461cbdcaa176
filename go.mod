module github.com/storyline-news/storyline

go 1.26.8
