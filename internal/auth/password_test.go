package auth_test

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/auth"
)

func TestPasswordHash(t *testing.T) {
	const pw = "correct horse battery"
	h1, err := auth.HashWith(pw, auth.TestParams)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^\$argon2id\$v=19\$m=64,t=1,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`).MatchString(h1) {
		t.Errorf("hash %q is not in the encoded argon2id form", h1)
	}
	h2, _ := auth.HashWith(pw, auth.TestParams)
	if h1 == h2 {
		t.Error("two hashes of one password are equal: no salt")
	}
	if strings.Contains(h1, pw) {
		t.Error("the hash contains the password")
	}
	for _, h := range []string{h1, h2} {
		if err := auth.CheckPassword(pw, h); err != nil {
			t.Errorf("CheckPassword(right) = %v", err)
		}
	}
	for _, wrong := range []string{"", "correct horse batter", "Correct horse battery", pw + " "} {
		if err := auth.CheckPassword(wrong, h1); !errors.Is(err, auth.ErrMismatch) {
			t.Errorf("CheckPassword(%q) = %v, want ErrMismatch", wrong, err)
		}
	}
	// The cost travels with the hash: a hash made with other parameters still checks.
	strong, err := auth.HashWith(pw, auth.Params{Memory: 128, Time: 2, Threads: 1, KeyLen: 16})
	if err != nil {
		t.Fatal(err)
	}
	if err := auth.CheckPassword(pw, strong); err != nil {
		t.Errorf("a hash with other parameters: %v", err)
	}
}

func TestCheckPasswordRefusesMalformedHashes(t *testing.T) {
	good, _ := auth.HashWith("x", auth.TestParams)
	parts := strings.Split(good, "$")
	for name, h := range map[string]string{
		"empty":          "",
		"plain text":     "x",
		"bcrypt":         "$2a$10$abcdefghijklmnopqrstuuJ3mBfMwYUdiP6MDBHbY4Xg6fXHNsQaO",
		"argon2i":        strings.Replace(good, "argon2id", "argon2i", 1),
		"other version":  strings.Replace(good, "v=19", "v=16", 1),
		"bad parameters": strings.Join([]string{"", parts[1], parts[2], "m=x", parts[4], parts[5]}, "$"),
		"bad salt":       strings.Join([]string{"", parts[1], parts[2], parts[3], "!!!", parts[5]}, "$"),
		"bad key":        strings.Join([]string{"", parts[1], parts[2], parts[3], parts[4], "!!!"}, "$"),
		"missing part":   strings.Join(parts[:5], "$"),
	} {
		if err := auth.CheckPassword("x", h); err == nil {
			t.Errorf("%s: a malformed hash checks", name)
		}
	}
}

func TestPasswordProblem(t *testing.T) {
	tests := []struct{ pw, user, want string }{
		{"123456789", "", "password.too_short"},
		{"1234567890", "", ""},
		{"ééééééééé", "", "password.too_short"}, // counted in characters, not bytes
		{"éééééééééé", "", ""},
		{strings.Repeat("a", 256), "", ""},
		{strings.Repeat("a", 257), "", "password.too_long"},
		{"i am budi.santoso!", "budi.santoso", "password.contains_username"},
		{"I AM BUDI.SANTOSO!", "budi.santoso", "password.contains_username"},
		{"a long passphrase", "budi", ""},
	}
	for _, tc := range tests {
		if got := auth.PasswordProblem(tc.pw, tc.user); got != tc.want {
			t.Errorf("PasswordProblem(%q, %q) = %q, want %q", tc.pw, tc.user, got, tc.want)
		}
	}
}

func TestTokens(t *testing.T) {
	tok, hash, err := auth.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^knj_[0-9a-f]{40}$`).MatchString(tok) {
		t.Errorf("token %q", tok)
	}
	if hash != auth.TokenHash(tok) || len(hash) != 64 || strings.Contains(hash, tok[4:]) {
		t.Errorf("hash %q of token %q", hash, tok)
	}
	other, _, _ := auth.NewToken()
	if other == tok {
		t.Error("two tokens are equal")
	}
	if auth.TokenHash(tok) == auth.TokenHash(other) {
		t.Error("two tokens hash alike")
	}
	if s := auth.RandomSecret(24); len(s) != 32 || strings.ContainsAny(s, "+/=") {
		t.Errorf("RandomSecret(24) = %q, want 32 URL-safe characters", s)
	}
}
