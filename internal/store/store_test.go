package store

import (
	"testing"
	"time"
)

func TestWriterString(t *testing.T) {
	tests := []struct {
		name string
		w    Writer
		want string
	}{
		{"ingest", Writer{PID: 123, Host: "x", Command: "ingest", Started: time.Date(2024, 3, 2, 16, 40, 2, 0, time.Local)},
			"pid 123 on host x (ingest, since 16:40:02)"},
		{"server", Writer{PID: 7, Host: "news-1", Command: "serve --ingest", Started: time.Date(2024, 3, 2, 9, 5, 0, 0, time.Local)},
			"pid 7 on host news-1 (serve --ingest, since 09:05:00)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.w.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}
