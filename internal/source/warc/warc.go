// Package warc reads and writes WARC files (ISO 28500, the web archive
// format): web pages archived with the HTTP exchange that fetched them.
//
// Writing: Writer keeps what the poller fetched in rotating .warc.gz
// files, one gzip member per record, so that every article can be traced
// to the bytes it came from (its file and WARC-Record-ID).
//
// This package has its own small reader and writer rather than one of the
// Go WARC libraries; see the package's README section in the repository
// README and the notes below for the figures behind that choice.
package warc
