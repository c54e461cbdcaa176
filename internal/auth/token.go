package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
)

// Prefixes of the secrets a user is given, so that a leaked one is
// recognisable in a log or a paste (and a secret scanner can be taught
// them).
const (
	TokenPrefix = "slt_" // personal API token
	FeedPrefix  = "slf_" // feed token
)

// NewSecret returns prefix and 32 random bytes in URL-safe base64: 256
// bits, so a secret is never guessed and its plain SHA-256 is a safe
// thing to store (no salt or slow hash is needed for random secrets).
func NewSecret(prefix string) string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand)
	return prefix + base64.RawURLEncoding.EncodeToString(b)
}

// HashSecret returns the hex SHA-256 of a secret: what the store keeps.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}
