package web

import (
	"errors"
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"strings"
)

// maxFormParts bounds the fields of a streamed form: a quarter sheet sends
// about ten per line and seldom has forty lines.
const maxFormParts = 10000

// upload is a posted form that may carry files, read as a stream. Files are
// spooled to temporary files; one larger than the limit is read to its end
// and dropped, so that the fields after it still arrive and the page can
// come back with everything that was typed.
type upload struct {
	Values   url.Values
	files    map[string]*spooled
	TooLarge map[string]string // field → name of a file over the limit
}

type spooled struct {
	name string
	f    *os.File
}

// File returns the file sent in a field (nil when none was chosen), read
// from its start.
func (u *upload) File(field string) (io.Reader, string) {
	sp := u.files[field]
	if sp == nil {
		return nil, ""
	}
	if _, err := sp.f.Seek(0, io.SeekStart); err != nil {
		return nil, ""
	}
	return sp.f, sp.name
}

// Close removes the spooled files.
func (u *upload) Close() {
	for _, sp := range u.files {
		sp.f.Close()
		os.Remove(sp.f.Name())
	}
}

func newUpload() *upload {
	return &upload{Values: url.Values{}, files: map[string]*spooled{}, TooLarge: map[string]string{}}
}

// read reads a urlencoded or multipart form whose files may each hold up to
// maxFile bytes. What it read stays in u even with an error, and the caller
// closes u either way; the error is an *http.MaxBytesError when the body
// passed the server's limit (the fields after that point are missing) and
// errBadRequest when the form is malformed.
func (u *upload) read(r *http.Request, maxFile int64) error {
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		if err := parseForm(r); err != nil {
			return err
		}
		u.Values = r.PostForm
		return nil
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return errBadRequest
	}
	fieldBytes := int64(formBodyLimit) // what all fields together may hold
	for range maxFormParts {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return readError(err)
		}
		name := p.FormName()
		if name == "" {
			continue
		}
		if p.FileName() == "" {
			b, err := io.ReadAll(io.LimitReader(p, fieldBytes+1))
			if err != nil {
				return readError(err)
			}
			if fieldBytes -= int64(len(b)); fieldBytes < 0 {
				return errBadRequest
			}
			u.Values.Add(name, string(b))
			continue
		}
		if err := u.spool(p, name, maxFile); err != nil {
			return readError(err)
		}
	}
	return errBadRequest
}

// spool keeps the first file of a field in a temporary file, or notes it
// as too large and skips its content.
func (u *upload) spool(p *multipart.Part, field string, maxFile int64) error {
	if u.files[field] != nil || u.TooLarge[field] != "" {
		_, err := io.Copy(io.Discard, p)
		return err
	}
	f, err := os.CreateTemp("", "kinerja-upload-*")
	if err != nil {
		return err
	}
	n, err := io.Copy(f, io.LimitReader(p, maxFile+1))
	if err == nil && n > maxFile {
		u.TooLarge[field] = p.FileName()
		_, err = io.Copy(io.Discard, p)
	}
	if err != nil || u.TooLarge[field] != "" {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	u.files[field] = &spooled{name: p.FileName(), f: f}
	return nil
}

// readError passes on a body over the server's limit and a failure to
// write a spooled file; any other failure to read the form (a truncated or
// malformed body) is a bad request.
func readError(err error) error {
	var mbe *http.MaxBytesError
	var pe *fs.PathError
	if errors.As(err, &mbe) || errors.As(err, &pe) {
		return err
	}
	return errBadRequest
}
