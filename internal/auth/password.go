package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id's cost parameters.
type Params struct {
	Time    uint32 // passes over memory
	Memory  uint32 // KiB
	Threads uint8
}

// DefaultParams are OWASP's first argon2id choice (19 MiB, two passes, one
// lane): about 30 ms a hash on one core. Every stored hash carries its own
// parameters, so raising these later leaves old hashes working.
var DefaultParams = Params{Time: 2, Memory: 19 * 1024, Threads: 1}

const (
	saltLen = 16
	keyLen  = 32
	// MinPassword and MaxPassword bound a password's length in bytes:
	// short ones fall to guessing, and a megabyte one would only cost the
	// server hashing time.
	MinPassword = 8
	MaxPassword = 1024
)

// ErrPassword is returned for a password too short, too long or not text.
var ErrPassword = errors.New("auth: unusable password")

// CheckPasswordRules reports why pw cannot be a password, or nil.
func CheckPasswordRules(pw string) error {
	switch {
	case len(pw) < MinPassword:
		return fmt.Errorf("%w: at least %d characters, please", ErrPassword, MinPassword)
	case len(pw) > MaxPassword:
		return fmt.Errorf("%w: at most %d bytes, please", ErrPassword, MaxPassword)
	case !utf8.ValidString(pw):
		return fmt.Errorf("%w: it is not valid UTF-8 text", ErrPassword)
	case strings.IndexFunc(pw, unicode.IsControl) >= 0:
		return fmt.Errorf("%w: it holds a control character", ErrPassword)
	}
	return nil
}

// HashPassword hashes pw with argon2id and a random salt, encoded the way
// the reference implementation prints it:
// $argon2id$v=19$m=19456,t=2,p=1$SALT$HASH (base64 without padding).
func HashPassword(pw string) (string, error) {
	if err := CheckPasswordRules(pw); err != nil {
		return "", err
	}
	return hashWith(pw, DefaultParams), nil
}

func hashWith(pw string, p Params) string {
	salt := make([]byte, saltLen)
	rand.Read(salt) // never fails (crypto/rand)
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, keyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// ErrHashFormat is returned for a stored hash this package cannot read.
var ErrHashFormat = errors.New("auth: malformed password hash")

// CheckPassword reports whether pw matches encoded, comparing in constant
// time. A hash it cannot read is an error wrapping ErrHashFormat.
func CheckPassword(encoded, pw string) (bool, error) {
	p, salt, want, err := decodeHash(encoded)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// maxMemory bounds the memory a stored hash may ask for (1 GiB), so that a
// doctored database cannot make one sign-in exhaust the machine.
const maxMemory = 1 << 20

func decodeHash(encoded string) (Params, []byte, []byte, error) {
	var p Params
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, fmt.Errorf("%w: not an argon2id hash", ErrHashFormat)
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return p, nil, nil, fmt.Errorf("%w: version %q", ErrHashFormat, parts[2])
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil ||
		p.Time == 0 || p.Threads == 0 || p.Memory < 8*uint32(p.Threads) || p.Memory > maxMemory {
		return p, nil, nil, fmt.Errorf("%w: parameters %q", ErrHashFormat, parts[3])
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return p, nil, nil, fmt.Errorf("%w: salt", ErrHashFormat)
	}
	key, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(key) < 16 {
		return p, nil, nil, fmt.Errorf("%w: key", ErrHashFormat)
	}
	return p, salt, key, nil
}
