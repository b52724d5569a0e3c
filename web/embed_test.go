package web

import (
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// remoteURL matches anything that would make a browser leave the origin.
var remoteURL = regexp.MustCompile(`(?i)(https?:)?//[a-z0-9.-]+\.[a-z]{2,}`)

func get(t *testing.T, srv *httptest.Server, path string, header http.Header) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: read body: %v", path, err)
	}
	return resp, string(body)
}

func TestHandlerServesAssets(t *testing.T) {
	srv := httptest.NewServer(Handler())
	defer srv.Close()

	for _, tc := range []struct {
		path         string
		contentTypes []string
		minSize      int
		cache        string
		contains     []string
	}{
		{"/", []string{"text/html"}, 300, "no-cache", []string{"<title>diplograph · GraphiQL</title>", `src="./graphiql.js"`, `href="./graphiql.css"`}},
		{"/index.html", []string{"text/html"}, 300, "no-cache", []string{`id="graphiql"`}},
		{"/graphiql.js", []string{"text/javascript", "application/javascript"}, 500_000, "max-age=", []string{"timeline(actors", "graphiql-container", "/graphql"}},
		{"/graphiql.css", []string{"text/css"}, 20_000, "max-age=", []string{".graphiql-container"}},
	} {
		resp, body := get(t, srv, tc.path, nil)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: status %d, want 200", tc.path, resp.StatusCode)
			continue
		}
		ct := resp.Header.Get("Content-Type")
		okType := false
		for _, want := range tc.contentTypes {
			okType = okType || strings.HasPrefix(ct, want)
		}
		if !okType {
			t.Errorf("GET %s: Content-Type %q, want one of %v", tc.path, ct, tc.contentTypes)
		}
		if len(body) < tc.minSize {
			t.Errorf("GET %s: %d bytes, want at least %d", tc.path, len(body), tc.minSize)
		}
		if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, tc.cache) {
			t.Errorf("GET %s: Cache-Control %q, want it to contain %q", tc.path, cc, tc.cache)
		}
		for _, want := range tc.contains {
			if !strings.Contains(body, want) {
				t.Errorf("GET %s: body lacks %q", tc.path, want)
			}
		}
		t.Logf("GET %s: %d bytes, %s", tc.path, len(body), ct)
	}
}

func TestHandlerRevalidates(t *testing.T) {
	srv := httptest.NewServer(Handler())
	defer srv.Close()
	resp, _ := get(t, srv, "/graphiql.css", nil)
	tag := resp.Header.Get("ETag")
	if tag == "" {
		t.Fatal("no ETag on /graphiql.css")
	}
	resp, body := get(t, srv, "/graphiql.css", http.Header{"If-None-Match": {tag}})
	if resp.StatusCode != http.StatusNotModified || body != "" {
		t.Errorf("conditional GET: status %d with %d bytes, want 304 and none", resp.StatusCode, len(body))
	}
}

func TestHandlerRejects(t *testing.T) {
	srv := httptest.NewServer(Handler())
	defer srv.Close()
	for _, path := range []string{"/nope.js", "/graphql", "/../embed.go", "/dist/index.html"} {
		if resp, _ := get(t, srv, path, nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", path, resp.StatusCode)
		}
	}
	resp, err := srv.Client().Post(srv.URL+"/", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /: status %d, want 405", resp.StatusCode)
	}
}

// TestNoRemoteResources checks that the page can work offline: index.html
// names no remote URL, and the stylesheet neither imports nor loads anything
// from outside (the JS bundle only holds URLs as text: XML namespaces, links
// in error messages).
func TestNoRemoteResources(t *testing.T) {
	html, err := fs.ReadFile(Dist, "index.html")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(html), "http://") || strings.Contains(string(html), "https://") || remoteURL.Match(html) {
		t.Errorf("index.html names a remote URL: %q", remoteURL.FindAll(html, -1))
	}
	css, err := fs.ReadFile(Dist, "graphiql.css")
	if err != nil {
		t.Fatal(err)
	}
	if m := remoteURL.FindAll(css, -1); m != nil {
		t.Errorf("graphiql.css names remote URLs: %q", m)
	}
	if strings.Contains(string(css), "@import") {
		t.Error("graphiql.css has an @import")
	}
}
