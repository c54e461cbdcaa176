package source

import (
	"strings"
	"testing"
)

// TestNameEscapesWhatDoesNotPrint: a file name that could forge a message
// line or drive the terminal is quoted; an ordinary one is left alone.
func TestNameEscapesWhatDoesNotPrint(t *testing.T) {
	tests := []struct {
		name, path, want string
	}{
		{"plain", "seeds/004_f387.txt", "seeds/004_f387.txt"},
		{"spaces and accents", "Revue de presse/été 2022.txt", "Revue de presse/été 2022.txt"},
		{"newline", "a.txt\nstoryline: b.txt: forged", `"a.txt\nstoryline: b.txt: forged"`},
		{"terminal escape", "a\x1b[2J.txt", `"a\x1b[2J.txt"`},
		{"carriage return", "a\r.txt", `"a\r.txt"`},
		{"not UTF-8", "caf\xe9.txt", `"caf\xe9.txt"`},
		{"starts with a quote", `"a".txt`, `"\"a\".txt"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Name(tt.path); got != tt.want {
				t.Errorf("Name(%q) = %s, want %s", tt.path, got, tt.want)
			}
			e := Errorf(tt.path, 3, ErrEmpty, "")
			if msg := e.Error(); strings.ContainsAny(msg, "\n\r\x1b") || !strings.HasPrefix(msg, tt.want+":3: ") {
				t.Errorf("Error() = %q", msg)
			}
		})
	}
}
