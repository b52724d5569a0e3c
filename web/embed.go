// Package web holds diplograph's GraphiQL page, built from web/src by
// `npm ci && npm run build` and embedded into the binary, so the IDE works
// without any network: nothing is loaded from a CDN.
package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

//go:embed dist
var embedded embed.FS

// Dist is the built GraphiQL page, rooted at web/dist: index.html (which
// loads ./graphiql.js and ./graphiql.css by relative URL), graphiql.js,
// graphiql.css and graphiql.js.LEGAL.txt (the bundled packages' license
// notices). The page sends queries to /graphql on its own origin.
var Dist fs.FS = mustSub(embedded, "dist")

func mustSub(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(fmt.Sprintf("web: embedded %s: %v", dir, err))
	}
	return sub
}

// contentTypes are set explicitly rather than left to the mime package, whose
// answer depends on the host's /etc/mime.types.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".txt":  "text/plain; charset=utf-8",
}

// etags holds a strong ETag per file of Dist, computed once: embedded files
// have no modification time, so this is what lets browsers revalidate.
var etags = sync.OnceValue(func() map[string]string {
	tags := map[string]string{}
	_ = fs.WalkDir(Dist, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(Dist, name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		tags[name] = `"` + hex.EncodeToString(sum[:12]) + `"`
		return nil
	})
	return tags
})

// Handler serves Dist at the root of its URL space: the GraphiQL page at "/"
// and its assets beside it. To mount it elsewhere, wrap it in
// [http.StripPrefix] and give the prefix a trailing slash, since the page
// loads its assets by relative URL.
//
// Responses carry an explicit Content-Type and a strong ETag; the page itself
// is sent with "Cache-Control: no-cache" and the assets with a one-hour
// max-age, after which they are revalidated by ETag.
func Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		if name == "" {
			name = "index.html"
		}
		tag, ok := etags()[name]
		if !ok {
			http.NotFound(w, r)
			return
		}
		f, err := Dist.Open(name)
		if err != nil {
			http.Error(w, fmt.Sprintf("web: open %s: %v", name, err), http.StatusInternalServerError)
			return
		}
		defer f.Close()
		content, ok := f.(io.ReadSeeker)
		if !ok {
			http.Error(w, fmt.Sprintf("web: %s is not seekable", name), http.StatusInternalServerError)
			return
		}
		h := w.Header()
		h.Set("ETag", tag)
		if ct, ok := contentTypes[path.Ext(name)]; ok {
			h.Set("Content-Type", ct)
		}
		if name == "index.html" {
			h.Set("Cache-Control", "no-cache")
		} else {
			h.Set("Cache-Control", "public, max-age=3600")
		}
		h.Set("X-Content-Type-Options", "nosniff")
		http.ServeContent(w, r, name, time.Time{}, content)
	})
}
