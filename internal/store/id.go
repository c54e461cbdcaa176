package store

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"

	"github.com/storyline-news/storyline/internal/analyze/names"
	"github.com/storyline-news/storyline/internal/model"
)

// EntityID is the stable ID of an entity named name: its letters and digits
// in lower case joined by hyphens ("Olga Marsh" → "olga-marsh"), so the same
// name in any article, any batch and any later run is one entity, and the ID
// reads well in a URL. Names with no letter or digit get a hash instead.
func EntityID(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case r == '\'' || r == '’' || r == '.':
			// "O'Neill" and "U.N." keep their letters together.
		default:
			dash = true
		}
		if b.Len() >= 80 {
			break
		}
	}
	if b.Len() == 0 {
		sum := sha256.Sum256([]byte(name))
		return "x-" + hex.EncodeToString(sum[:6])
	}
	return b.String()
}

// EntityName is the name an article's entity is kept and linked under: a
// place named by any of its country's names ("UK", "Britain", "U.S.",
// "America") is the country, under its common name ("United Kingdom"), so
// one country is one entity page whatever each article called it; any
// other entity keeps its name.
func EntityName(e model.Entity) string {
	if e.Type == model.Place {
		if c, ok := names.Country(e.Name); ok {
			return c
		}
	}
	return e.Name
}
