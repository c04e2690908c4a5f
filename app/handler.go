package app

import (
	"strings"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Static files under /web/ that the app needs offline.
const (
	iconDefault  = "/web/icon-192.png"
	iconLarge    = "/web/icon-512.png"
	iconSVG      = "/web/icon.svg"
	iconMaskable = "/web/icon-maskable-512.png"
	styleSheet   = "/web/porta.css"
)

// Handler returns the go-app handler configuration: manifest, icons, styles
// and the files the service worker caches. Every route is cacheable so a
// deep link opens offline. The server sets Version, Resources and
// WasmContentLength; Handler leaves them empty.
func Handler() *ga.Handler {
	return &ga.Handler{
		Name:            tr(msgProductName),
		ShortName:       tr(msgProductName),
		Title:           tr(msgProductName),
		Description:     tr(msgAppDescription),
		Lang:            "en",
		ThemeColor:      "#1e4fa3",
		BackgroundColor: "#f4f6fa",
		LoadingLabel:    tr(msgAppLoading),
		Icon: ga.Icon{
			Default:  iconDefault,
			Large:    iconLarge,
			SVG:      iconSVG,
			Maskable: iconMaskable,
		},
		Styles:                []string{styleSheet},
		CacheableResources:    append(Paths(), iconDefault, iconLarge, iconSVG, iconMaskable, styleSheet),
		ServiceWorkerTemplate: serviceWorker(),
	}
}

// go-app's worker answers from its cache only for the exact address it
// cached, query included, and otherwise fetches: offline, an /o/{slug}
// address or a link with ?token= would not open at all.
const (
	workerFetch = `  return await fetch(request);
}`
	workerFetchOffline = `  try {
    return await fetch(request);
  } catch (err) {
    // Offline, a page opens from the cached page of its path, else from
    // "/": the app routes by the address.
    if (request.mode !== "navigate") {
      throw err;
    }
    const page = (await caches.match(request, { ignoreSearch: true })) || (await caches.match("/"));
    if (!page) {
      throw err;
    }
    return page;
  }
}`
)

// serviceWorker is go-app's worker, but a page that is not cached under its
// exact address opens offline from the cache too. It is "" in the
// WebAssembly build, where go-app leaves its template out.
func serviceWorker() string {
	return strings.Replace(ga.DefaultAppWorkerJS, workerFetch, workerFetchOffline, 1)
}
