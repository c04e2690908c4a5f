package app

import ga "github.com/maxence-charriere/go-app/v10/pkg/app"

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
		Name:            "Porta",
		ShortName:       "Porta",
		Title:           "Porta",
		Description:     "Sign in once to every product of every company you work for.",
		Lang:            "en",
		ThemeColor:      "#1e4fa3",
		BackgroundColor: "#f4f6fa",
		LoadingLabel:    "Opening Porta… {progress}%",
		Icon: ga.Icon{
			Default:  iconDefault,
			Large:    iconLarge,
			SVG:      iconSVG,
			Maskable: iconMaskable,
		},
		Styles:             []string{styleSheet},
		CacheableResources: append(Paths(), iconDefault, iconLarge, iconSVG, iconMaskable, styleSheet),
	}
}
