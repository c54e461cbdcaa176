package web

import (
	"context"
	"net/http"
	"time"

	"github.com/storyline-news/storyline/internal/imageproxy"
)

// Images is the image proxy pages show lead images through: they never
// link a remote image, which would tell its server who reads what.
type Images interface {
	// Image registers an image URL a page shows and returns its local src
	// and, once known, its size; false when there is nothing to show.
	Image(ctx context.Context, url string) (imageproxy.Img, bool)
	// ServeHTTP serves GET /images/{key}.
	http.Handler
}

// WithImages shows lead images through imgs and serves them at
// /images/{key}; call it before Register. Without it pages show none.
func (h *Handler) WithImages(imgs Images) *Handler {
	h.images = imgs
	return h
}

// LeadImage is what the "leadimage" template draws: an <img> of the local
// src with alt text and, when known, its width and height (so the page
// does not jump when it arrives).
type LeadImage struct {
	Src           string
	Alt           string
	Width, Height int
}

// imageLookup bounds how long a page waits for the image cache: past it
// the page goes without its image rather than late.
const imageLookup = 2 * time.Second

// leadImage is the template function "leadImage URL ALT": the LeadImage of
// a stored article's image, or nil when there is none to show (no proxy,
// no URL, or a fetch that failed lately). A template shows it with
// {{template "leadimage" (leadImage .Image .Headline)}}.
func (h *Handler) leadImage(url, alt string) *LeadImage {
	if h.images == nil || url == "" {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), imageLookup)
	defer cancel()
	img, ok := h.images.Image(ctx, url)
	if !ok {
		return nil
	}
	return &LeadImage{Src: img.Src, Alt: alt, Width: img.Width, Height: img.Height}
}
