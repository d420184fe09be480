// Package auth hashes passwords with argon2id, makes and checks API tokens,
// and throttles logins.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Params are the argon2id cost parameters stored with each hash, so they
// can be raised later without invalidating old hashes.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
	KeyLen  uint32
}

// DefaultParams follow the OWASP recommendation for argon2id (19 MiB, 2 passes).
var DefaultParams = Params{Memory: 19 * 1024, Time: 2, Threads: 1, KeyLen: 32}

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 10

// ErrMismatch is returned when a password does not match its hash.
var ErrMismatch = errors.New("auth: password does not match")

// HashPassword returns an encoded argon2id hash of password.
func HashPassword(password string) (string, error) { return HashWith(password, DefaultParams) }

// HashWith hashes with explicit parameters (tests use cheap ones).
func HashWith(password string, p Params) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: salt: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword compares a password with an encoded hash in constant time.
func CheckPassword(password, encoded string) error {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return errors.New("auth: unknown hash format")
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return errors.New("auth: unsupported argon2 version")
	}
	var p Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return errors.New("auth: bad hash parameters")
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return errors.New("auth: bad salt")
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil {
		return errors.New("auth: bad key")
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	if subtle.ConstantTimeCompare(got, want) != 1 {
		return ErrMismatch
	}
	return nil
}

// PasswordProblem returns a message key when a new password is unacceptable, or "".
func PasswordProblem(password, username string) string {
	if utf8.RuneCountInString(password) < MinPasswordLength {
		return "password.too_short"
	}
	if utf8.RuneCountInString(password) > 256 {
		return "password.too_long"
	}
	if username != "" && strings.Contains(strings.ToLower(password), strings.ToLower(username)) {
		return "password.contains_username"
	}
	return ""
}

// NewToken returns a random API token ("knj_" + 40 hex chars) and its stored hash.
func NewToken() (token, hash string, err error) {
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("auth: token: %w", err)
	}
	token = "knj_" + hex.EncodeToString(b)
	return token, TokenHash(token), nil
}

// TokenHash is the stored form of a token. Tokens are long random strings, so
// a fast hash is enough; the database never holds a usable token.
func TokenHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// RandomSecret returns n random bytes as URL-safe text (setup links, demo passwords).
func RandomSecret(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// TestParams are cheap argon2id parameters for tests and benchmarks only.
var TestParams = Params{Memory: 64, Time: 1, Threads: 1, KeyLen: 32}
