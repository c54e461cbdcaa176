// Package warc reads and writes WARC files (ISO 28500, the web archive
// format): web pages kept with the HTTP exchange that fetched them.
//
// Reading: Reader streams the records of an archive — WARC 0.17 to 1.1,
// plain, gzipped a record per member (as archives are written) or as one
// stream — holding one block at a time. PageReader keeps the HTML pages
// (2xx responses and resource records), de-chunked and decoded, and counts
// what it skips. A damaged record is reported with its number and byte
// offset (its gzip member's offset, which is what CDX indexes record),
// and reading resumes at the next record it can find; source/dir turns
// the pages into documents.
//
// Writing: Writer keeps what the poller fetched in rotating .warc.gz
// files, a request and a response record per exchange, each its own gzip
// member, so that every article can be traced to its file and
// WARC-Record-ID.
//
// # Why not a library
//
// The Go WARC libraries served to this project were tried on the shared
// fixtures and on an archive of the 181 Zyte pages (6.3 MB gzipped, 31.6
// MB inflated, 363 records), December 2026, on a loaded 2-core machine:
//
//   - github.com/CorentinB/warc v0.8.33 reads only gzip (NewReader fails on
//     a plain .warc), buffers each record's whole content and ignores
//     Content-Length, cutting the block at its last CRLF CRLF; it is a
//     crawler's library and brings utls, brotli, pgzip and a rate counter
//     with it. github.com/internetarchive/gowarc v0.8.96, its fork, is
//     not an approved release here and has the same reader.
//   - github.com/nlnwa/gowarc/v3 v3.1.0 is well made and read every
//     fixture, but it stops at the first corrupt gzip member ("flate:
//     corrupt input", and its Records iterator ends), so one bad byte
//     loses the rest of an archive. Its strict policies refuse WARC/0.17
//     (Heritrix's), and under the lenient ones a block cut short is a
//     validation note beside a record still returned, for every caller to
//     look for. On the Zyte archive, run side by side, both read 700 to
//     1,400 records/s (inflating dominates, and the machine's load moved
//     both more than they differed), but it allocated 211 MB per pass
//     against 35 MB here (it validates digests and may spill large
//     blocks to temporary files). A minimal use of it adds four modules
//     and 1.26 MB to the storyline binary (34.22 MB), where this package
//     and its wiring into source/dir add 0.11 MB.
//
// The format is small — a version line, named fields, Content-Length
// bytes of block — so this package reads and writes it itself in about
// 1,000 lines of standard library (the writer uses github.com/google/uuid,
// already in the module graph), resuming after damage the way a batch of
// real archives needs.
package warc
