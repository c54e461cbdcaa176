package link

import "testing"

func TestWeb(t *testing.T) {
	tests := []struct {
		name, raw, want string
	}{
		{"https", "https://hill.example/vote", "https://hill.example/vote"},
		{"http in capitals", "HTTP://hill.example/vote", "HTTP://hill.example/vote"},
		{"javascript", "javascript:alert(1)", ""},
		{"javascript in capitals with spaces", "  JavaScript:alert(1)", ""},
		{"data", "data:text/html;base64,PHNjcmlwdD4=", ""},
		{"vbscript", "vbscript:msgbox(1)", ""},
		{"file", "file:///etc/passwd", ""},
		{"relative", "/articles/x", ""},
		{"scheme-relative", "//evil.example/x", ""},
		{"no host", "https:///x", ""},
		{"malformed", "http://[::1", ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Web(tt.raw); got != tt.want {
				t.Errorf("Web(%q) = %q, want %q", tt.raw, got, tt.want)
			}
		})
	}
}
