package imageproxy

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"testing"
)

// webpLossless is the header of a 5×7 lossless WebP (RFC 9649 §3.7):
// RIFF, VP8L, the signature byte and 14-bit width-1, height-1.
func webpLossless(w, h int) []byte {
	bits := uint32(w-1) | uint32(h-1)<<14
	b := []byte("RIFF\x00\x00\x00\x00WEBPVP8L\x00\x00\x00\x00\x2f")
	return append(b, byte(bits), byte(bits>>8), byte(bits>>16), byte(bits>>24), 0, 0, 0, 0, 0, 0)
}

func webpExtended(w, h int) []byte {
	b := []byte("RIFF\x00\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x00\x00\x00\x00")
	le := func(v int) []byte { return []byte{byte(v), byte(v >> 8), byte(v >> 16)} }
	return append(append(b, le(w-1)...), le(h-1)...)
}

func avif(brands ...string) []byte {
	body := []byte("ftyp" + brands[0] + "\x00\x00\x00\x00")
	for _, b := range brands[1:] {
		body = append(body, b...)
	}
	n := len(body) + 4
	return append([]byte{0, 0, byte(n >> 8), byte(n)}, body...)
}

func TestSniff(t *testing.T) {
	var jpg, gf bytes.Buffer
	jpeg.Encode(&jpg, image.NewGray(image.Rect(0, 0, 9, 4)), nil)
	gif.Encode(&gf, image.NewPaletted(image.Rect(0, 0, 6, 5), color.Palette{color.Black}), nil)
	for _, tc := range []struct {
		name  string
		b     []byte
		ctype string
		w, h  int
	}{
		{"jpeg", jpg.Bytes(), typeJPEG, 9, 4},
		{"png", pngImage(t, 12, 8), typePNG, 12, 8},
		{"gif", gf.Bytes(), typeGIF, 6, 5},
		{"webp lossless", webpLossless(5, 7), typeWebP, 5, 7},
		{"webp extended", webpExtended(1200, 675), typeWebP, 1200, 675},
		{"avif", avif("avif", "mif1", "miaf"), typeAVIF, 0, 0},
		{"avif as compatible brand", avif("mif1", "avif"), typeAVIF, 0, 0},
		{"heic is not avif", avif("heic", "mif1"), "", 0, 0},
		{"svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"></svg>`), "", 0, 0},
		{"svg with xml prolog", []byte(`<?xml version="1.0"?><svg/>`), "", 0, 0},
		{"html", []byte("<!DOCTYPE html><p>hi"), "", 0, 0},
		{"empty", nil, "", 0, 0},
		{"riff that is not webp", []byte("RIFF\x00\x00\x00\x00WAVEfmt \x00\x00\x00\x00"), "", 0, 0},
		{"truncated jpeg", []byte("\xFF\xD8\xFF"), typeJPEG, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := sniff(tc.b)
			if got != tc.ctype {
				t.Fatalf("sniff = %q, want %q", got, tc.ctype)
			}
			if w, h := dimensions(got, tc.b); w != tc.w || h != tc.h {
				t.Errorf("dimensions = %dx%d, want %dx%d", w, h, tc.w, tc.h)
			}
		})
	}
}
