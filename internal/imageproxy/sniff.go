package imageproxy

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
)

// The only types the proxy serves: raster formats browsers show in an
// <img>. SVG can carry script and HTML can be anything, so neither is
// ever served, whatever the remote server says its bytes are.
const (
	typeJPEG = "image/jpeg"
	typePNG  = "image/png"
	typeGIF  = "image/gif"
	typeWebP = "image/webp"
	typeAVIF = "image/avif"
)

// sniff returns the type of an image from its first bytes (the signatures
// of the WHATWG MIME Sniffing Standard, §6.1, and of ISO BMFF for AVIF),
// or "" when b is none of the five types served.
func sniff(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte("\xFF\xD8\xFF")):
		return typeJPEG
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1A\n")):
		return typePNG
	case bytes.HasPrefix(b, []byte("GIF87a")), bytes.HasPrefix(b, []byte("GIF89a")):
		return typeGIF
	case len(b) >= 16 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP" && string(b[12:15]) == "VP8":
		return typeWebP
	case isAVIF(b):
		return typeAVIF
	}
	return ""
}

// isAVIF reads the ftyp box an AVIF file starts with: its major brand or
// one of its compatible brands is "avif" (a still image) or "avis" (a
// sequence).
func isAVIF(b []byte) bool {
	if len(b) < 16 || string(b[4:8]) != "ftyp" {
		return false
	}
	size := int(binary.BigEndian.Uint32(b[:4]))
	if size < 16 || size > len(b) || size > 4096 {
		return false
	}
	for i := 8; i+4 <= size; i += 4 {
		if i == 12 {
			continue // minor version, not a brand
		}
		if brand := string(b[i : i+4]); brand == "avif" || brand == "avis" {
			return true
		}
	}
	return false
}

// dimensions returns an image's width and height from its header without
// decoding its pixels, or zeros when they cannot be read (AVIF, whose
// size sits deep in its box tree, is left at zeros).
func dimensions(ctype string, b []byte) (w, h int) {
	var decode func([]byte) (image.Config, error)
	switch ctype {
	case typeJPEG:
		decode = func(b []byte) (image.Config, error) { return jpeg.DecodeConfig(bytes.NewReader(b)) }
	case typePNG:
		decode = func(b []byte) (image.Config, error) { return png.DecodeConfig(bytes.NewReader(b)) }
	case typeGIF:
		decode = func(b []byte) (image.Config, error) { return gif.DecodeConfig(bytes.NewReader(b)) }
	case typeWebP:
		return webpSize(b)
	default:
		return 0, 0
	}
	c, err := decode(b)
	if err != nil || c.Width <= 0 || c.Height <= 0 {
		return 0, 0
	}
	return c.Width, c.Height
}

// webpSize reads the canvas size of a WebP file: from its VP8X extended
// header, or the first frame header of a simple lossy (VP8) or lossless
// (VP8L) file (RFC 9649).
func webpSize(b []byte) (w, h int) {
	if len(b) < 30 {
		return 0, 0
	}
	le24 := func(p []byte) int { return int(p[0]) | int(p[1])<<8 | int(p[2])<<16 }
	switch string(b[12:16]) {
	case "VP8X":
		return 1 + le24(b[24:27]), 1 + le24(b[27:30])
	case "VP8L":
		if b[20] != 0x2f {
			return 0, 0
		}
		bits := binary.LittleEndian.Uint32(b[21:25])
		return 1 + int(bits&0x3fff), 1 + int(bits>>14&0x3fff)
	case "VP8 ":
		if b[23] != 0x9d || b[24] != 0x01 || b[25] != 0x2a {
			return 0, 0
		}
		return int(binary.LittleEndian.Uint16(b[26:28]) & 0x3fff), int(binary.LittleEndian.Uint16(b[28:30]) & 0x3fff)
	}
	return 0, 0
}
