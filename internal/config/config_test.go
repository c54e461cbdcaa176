package config

import (
	"flag"
	"strings"
	"testing"
	"time"
)

func TestParseSize(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    int64
		wantErr bool
	}{
		{"megabytes", "20MB", 20 << 20, false},
		{"lower-case kilobytes", "512k", 512 << 10, false},
		{"binary gigabytes", "1GiB", 1 << 30, false},
		{"plain bytes", "1048576", 1 << 20, false},
		{"fraction", "1.5MB", 3 << 19, false},
		{"not a number", "big", 0, true},
		{"negative", "-1MB", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseSize(tt.in)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("ParseSize(%q) = %d, %v; want %d, error %v", tt.in, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestEnvAndFlags(t *testing.T) {
	env := map[string]string{"STORYLINE_DB": "/tmp/x.db", "STORYLINE_MAX_SIZE": "1MB", "STORYLINE_YEAR": "2021", "STORYLINE_BASE_URL": "http://old.example"}
	c := Default()
	if err := c.FromEnv(func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	c.AnalysisFlags(fs)
	c.ServerFlags(fs)
	if err := fs.Parse([]string{"--year", "2022", "--max-size", "2MB", "--base-url", "https://news.example.org"}); err != nil {
		t.Fatal(err)
	}
	if c.DB != "/tmp/x.db" || c.Year != 2022 || c.MaxBytes != 2<<20 || c.BaseURL != "https://news.example.org" {
		t.Errorf("flags should override env over defaults: %+v", c)
	}
	if err := c.Validate(); err != nil {
		t.Errorf("valid config rejected: %v", err)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*Config)
		want   string
	}{
		{"zero workers", func(c *Config) { c.Workers = 0 }, "workers"},
		{"bad year", func(c *Config) { c.Year = 22 }, "year"},
		{"bad date", func(c *Config) { c.Published = "15/09/2022" }, "published"},
		{"bad log level", func(c *Config) { c.LogLevel = "loud" }, "log level"},
		{"no size", func(c *Config) { c.MaxBytes = 0 }, "max-size"},
		{"base url without scheme", func(c *Config) { c.BaseURL = "news.example.org" }, "base-url"},
		{"base url of another scheme", func(c *Config) { c.BaseURL = "ftp://news.example.org" }, "base-url"},
		{"base url without host", func(c *Config) { c.BaseURL = "https://" }, "base-url"},
		{"base url with a path", func(c *Config) { c.BaseURL = "https://news.example.org/storyline" }, "base-url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Default()
			tt.mutate(&c)
			err := c.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Validate() = %v, want an error about %q", err, tt.want)
			}
		})
	}
	bad := Default()
	if err := bad.FromEnv(func(k string) string { return map[string]string{"STORYLINE_WORKERS": "many"}[k] }); err == nil {
		t.Error("FromEnv accepted a non-number for STORYLINE_WORKERS")
	}
}

func TestPublic(t *testing.T) {
	tests := []struct {
		name    string
		env     string
		args    []string
		want    bool
		wantErr bool
	}{
		{name: "default is private", want: false},
		{name: "env", env: "true", want: true},
		{name: "env off", env: "0", want: false},
		{name: "flag", args: []string{"--public"}, want: true},
		{name: "flag overrides env", env: "true", args: []string{"--public=false"}, want: false},
		{name: "bad env", env: "sometimes", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Default()
			err := c.FromEnv(func(k string) string {
				if k == "STORYLINE_PUBLIC" {
					return tt.env
				}
				return ""
			})
			if (err != nil) != tt.wantErr {
				t.Fatalf("FromEnv: %v, want error %v", err, tt.wantErr)
			}
			if tt.wantErr {
				if !strings.Contains(err.Error(), "STORYLINE_PUBLIC") {
					t.Errorf("error %q does not name the variable", err)
				}
				return
			}
			fs := flag.NewFlagSet("t", flag.ContinueOnError)
			c.AccessFlags(fs)
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			if c.Public != tt.want {
				t.Errorf("Public = %v, want %v", c.Public, tt.want)
			}
		})
	}
}

func TestFetchSettings(t *testing.T) {
	env := map[string]string{"STORYLINE_POLL": "false", "STORYLINE_POLL_INTERVAL": "15m", "STORYLINE_ALLOW_PRIVATE": "1", "STORYLINE_USER_AGENT": "Test/1"}
	c := Default()
	if !c.Poll || c.PollInterval != 30*time.Minute || c.AllowPrivate {
		t.Fatalf("defaults %+v", c)
	}
	if err := c.FromEnv(func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	c.FetchFlags(fs)
	if err := fs.Parse([]string{"--fetch-workers", "3"}); err != nil {
		t.Fatal(err)
	}
	if c.Poll || c.PollInterval != 15*time.Minute || !c.AllowPrivate || c.UserAgent != "Test/1" || c.FetchWorkers != 3 {
		t.Errorf("%+v", c)
	}
	if err := c.Validate(); err != nil {
		t.Error(err)
	}
	for _, bad := range []func(*Config){
		func(c *Config) { c.PollInterval = time.Second },
		func(c *Config) { c.FetchWorkers = 0 },
		func(c *Config) { c.UserAgent = "a\nb" },
	} {
		c := Default()
		bad(&c)
		if c.Validate() == nil {
			t.Errorf("accepted %+v", c)
		}
	}
	c = Default()
	if err := c.FromEnv(func(k string) string { return map[string]string{"STORYLINE_POLL_INTERVAL": "soon"}[k] }); err == nil {
		t.Error("a bad interval was accepted")
	}
}

func TestImageCache(t *testing.T) {
	for _, tt := range []struct {
		name, db, cache, want string
	}{
		{"beside the database", "storyline.db", "", "storyline-images.db"},
		{"in the database's folder", "/var/lib/storyline/news.sqlite", "", "/var/lib/storyline/news-images.sqlite"},
		{"database without extension", "data/store", "", "data/store-images.db"},
		{"named", "storyline.db", "/cache/img.db", "/cache/img.db"},
		{"off", "storyline.db", "off", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := Default()
			c.DB, c.ImageCache = tt.db, tt.cache
			if got := c.ImageCachePath(); got != tt.want {
				t.Errorf("ImageCachePath() = %q, want %q", got, tt.want)
			}
		})
	}
	c := Default()
	env := map[string]string{"STORYLINE_IMAGE_CACHE": "off", "STORYLINE_IMAGE_CACHE_SIZE": "64MB"}
	if err := c.FromEnv(func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	if c.ImageCache != "off" || c.ImageCacheSize != 64<<20 {
		t.Errorf("from the environment: %q %d", c.ImageCache, c.ImageCacheSize)
	}
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	c.ImageFlags(fs)
	if err := fs.Parse([]string{"--image-cache", "x.db", "--image-cache-size", "1GB"}); err != nil {
		t.Fatal(err)
	}
	if c.ImageCache != "x.db" || c.ImageCacheSize != 1<<30 {
		t.Errorf("from flags: %q %d", c.ImageCache, c.ImageCacheSize)
	}
	c.ImageCacheSize = 1000
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "image-cache-size") {
		t.Errorf("a 1000-byte cache: %v", err)
	}
	c = Default()
	if err := c.FromEnv(func(k string) string { return map[string]string{"STORYLINE_IMAGE_CACHE_SIZE": "big"}[k] }); err == nil {
		t.Error("a bad size was accepted")
	}
}
