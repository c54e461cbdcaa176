package auth

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestPasswordHashing(t *testing.T) {
	h, err := HashPassword("a good long password")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") || strings.Contains(h, "a good long password") {
		t.Fatalf("hash %q", h)
	}
	again, _ := HashPassword("a good long password")
	if again == h {
		t.Errorf("two hashes of one password are equal: the salt is not random")
	}
	tests := []struct {
		name    string
		hash    string
		pw      string
		want    bool
		wantErr bool
	}{
		{name: "right", hash: h, pw: "a good long password", want: true},
		{name: "wrong", hash: h, pw: "a good long passwore"},
		{name: "empty", hash: h, pw: ""},
		{name: "other parameters still verify", hash: hashWith("cheap one", Params{Time: 1, Memory: 64, Threads: 1}), pw: "cheap one", want: true},
		{name: "not argon2id", hash: "$2a$10$abcdefghijklmnopqrstuv", pw: "x", wantErr: true},
		{name: "huge memory refused", hash: strings.Replace(h, "m=19456", "m=99999999", 1), pw: "x", wantErr: true},
		{name: "bad salt", hash: strings.Replace(h, "$argon2id$v=19$m=19456,t=2,p=1$", "$argon2id$v=19$m=19456,t=2,p=1$!!", 1), pw: "x", wantErr: true},
		{name: "garbage", hash: "plain", pw: "plain", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, err := CheckPassword(tt.hash, tt.pw)
			if (err != nil) != tt.wantErr || (err != nil && !errors.Is(err, ErrHashFormat)) {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if ok != tt.want {
				t.Errorf("CheckPassword = %v, want %v", ok, tt.want)
			}
		})
	}
}

func TestPasswordAndNameRules(t *testing.T) {
	for _, tt := range []struct {
		name string
		pw   string
		ok   bool
	}{
		{"long enough", "eight ch", true},
		{"too short", "seven c", false},
		{"too long", strings.Repeat("x", MaxPassword+1), false},
		{"control character", "password\x00x", false},
		{"not UTF-8", "password\xff", false},
		{"unicode", "пароль-длинный", true},
	} {
		if err := CheckPasswordRules(tt.pw); (err == nil) != tt.ok || (err != nil && !errors.Is(err, ErrPassword)) {
			t.Errorf("%s: CheckPasswordRules = %v, want ok %v", tt.name, err, tt.ok)
		}
	}
	for _, tt := range []struct {
		name string
		ok   bool
	}{{"ann", true}, {"ann.lee@example", true}, {"Zoë_2", true}, {"", false}, {"ann lee", false}, {"a/b", false}, {"<b>", false}, {strings.Repeat("a", 65), false}} {
		if err := CheckUserName(tt.name); (err == nil) != tt.ok {
			t.Errorf("CheckUserName(%q) = %v, want ok %v", tt.name, err, tt.ok)
		}
	}
}

func TestSecrets(t *testing.T) {
	a, b := NewSecret(TokenPrefix), NewSecret(TokenPrefix)
	if a == b || !strings.HasPrefix(a, "slt_") || len(a) != 4+43 {
		t.Errorf("secrets %q %q", a, b)
	}
	if HashSecret(a) == HashSecret(b) || len(HashSecret(a)) != 64 || HashSecret(a) != HashSecret(a) {
		t.Errorf("hashes of secrets are not a function of them")
	}
}

func TestLimiter(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	l := NewLimiter()
	l.Now = func() time.Time { return now }
	for i := range 5 {
		if d := l.Wait("k"); d != 0 {
			t.Fatalf("failure %d: must wait %v already", i, d)
		}
		l.Fail("k")
	}
	if d := l.Wait("k"); d != 30*time.Second {
		t.Errorf("after 5 failures wait %v, want 30s", d)
	}
	if d := l.Wait("other"); d != 0 {
		t.Errorf("another key waits %v", d)
	}
	now = now.Add(30 * time.Second)
	if d := l.Wait("k"); d != 0 {
		t.Errorf("after the wait: %v", d)
	}
	l.Fail("k")
	if d := l.Wait("k"); d != time.Minute {
		t.Errorf("after 6 failures wait %v, want 1m (doubled)", d)
	}
	for range 20 {
		l.Fail("k")
	}
	if d := l.Wait("k"); d != 15*time.Minute {
		t.Errorf("many failures wait %v, want the 15m cap", d)
	}
	now = now.Add(2 * time.Hour)
	if d := l.Wait("k"); d != 0 {
		t.Errorf("after a quiet hour: %v", d)
	}
	l.Fail("k")
	if d := l.Wait("k"); d != 0 {
		t.Errorf("a forgotten key starts afresh, but waits %v", d)
	}
	for range 5 {
		l.Fail("r")
	}
	l.Reset("r")
	if d := l.Wait("r"); d != 0 {
		t.Errorf("after Reset: %v", d)
	}
}

func TestLocalPath(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"/stories/s1?x=1", "/stories/s1?x=1"},
		{"/", "/"},
		{"", "/"},
		{"//evil.example/x", "/"},
		{"/\\evil.example", "/"},
		{"https://evil.example/", "/"},
		{"javascript:alert(1)", "/"},
		{"stories", "/"},
		{"/a\r\nLocation: x", "/"},
	} {
		if got := LocalPath(tt.in); got != tt.want {
			t.Errorf("LocalPath(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
