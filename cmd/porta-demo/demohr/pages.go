package demohr

import (
	"html/template"
	"net/http"

	"github.com/porta-id/porta/api"
)

// page is what Demo HR's one template shows.
type page struct {
	User    *User
	Error   string
	Notice  string
	Porta   bool // offer "Sign in with Porta"
	Banner  string
	Linked  bool
	Enforce bool
	Switch  string
	Saved   string
}

var pageTemplate = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Demo HR</title>
<style>
body{margin:0;font:16px/1.5 system-ui,sans-serif;background:#f5f3ef;color:#222}
header{background:#6b3fa0;color:#fff;padding:.75rem 1.25rem;font-weight:700;display:flex;justify-content:space-between;align-items:center}
header form{margin:0}
main{max-width:40rem;margin:1.5rem auto;padding:0 1rem}
.card{background:#fff;border:1px solid #ddd;border-radius:8px;padding:1.25rem;margin-bottom:1rem}
label{display:block;font-weight:600;margin:.5rem 0 .25rem}
input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:.5rem;font:inherit}
button,.button{font:inherit;font-weight:600;padding:.5rem 1rem;margin-top:.75rem;border-radius:6px;border:1px solid #6b3fa0;background:#6b3fa0;color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
header button{background:transparent;border-color:#fff;margin:0}
.error{color:#a00020;font-weight:600}
iframe{width:100%;height:12rem;border:0;border-radius:8px;margin-bottom:1rem}
</style>
<script src="/demo.js" defer></script>
</head>
<body>
<header><span>Demo HR</span>{{with .User}}<form method="post" action="/logout"><button>Sign out {{.Name}}</button></form>{{end}}</header>
<main>
{{if .User}}
  {{if .Banner}}<iframe id="porta-banner" title="Porta sign-in upgrade" src="{{.Banner}}"></iframe>{{end}}
  <section class="card"><h1>Hello, {{.User.Name}}</h1>
  <p>Your leave balance: 23 days. Next payday: the 25th.</p>
  {{if .Linked}}<p id="porta-linked">Your Demo HR account is connected to Porta.{{if .Switch}} {{.Switch}}{{end}}</p>{{end}}
  {{with .Notice}}<p class="error">{{.}}</p>{{end}}
  </section>
  {{if .User.Admin}}<section class="card"><h2>Company settings</h2>
  <form method="post" action="/admin/two-step">
  <label><input type="checkbox" name="enforce" {{if .Enforce}}checked{{end}}> Enforce two-step verification for everyone at the company</label>
  <button id="save-two-step">Save</button></form>{{with .Saved}}<p role="status">{{.}}</p>{{end}}</section>{{end}}
{{else}}
  <section class="card"><h1>Sign in to Demo HR</h1>
  {{with .Error}}<p class="error" role="alert">{{.}}</p>{{end}}
  {{if .Porta}}<p><a class="button" id="porta-sign-in" href="/porta/login">Sign in with Porta</a></p><p>Not connected to Porta yet? Sign in below.</p>{{end}}
  <form method="post" action="/login">
  <label for="username">Username</label><input type="text" id="username" name="username" autocomplete="username" required>
  <label for="password">Password</label><input type="password" id="password" name="password" autocomplete="current-password" required>
  <button id="legacy-sign-in">Sign in</button></form></section>
{{end}}
</main></body></html>`))

func render(w http.ResponseWriter, status int, p page) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	pageTemplate.Execute(w, p)
}

// loginPage is the sign-in form, with "Sign in with Porta" from the
// organization's switch date on (as Porta, whose clock counts, says).
func (s *Server) loginPage(w http.ResponseWriter, r *http.Request, status int, problem string) {
	p := page{Error: problem}
	if len(s.cfg.Users) > 0 {
		st, err := s.states(r.Context(), s.cfg.Users[0].ID)
		p.Porta = err == nil && st.Switched
	}
	render(w, status, p)
}

// handleHome tells Porta about the signed-in user at every visit (Porta
// writes only what changed) and shows Porta's banner until they link.
func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	u, ok := s.signedIn(r)
	if !ok {
		s.loginPage(w, r, http.StatusOK, "")
		return
	}
	p := page{User: &u}
	switch r.URL.Query().Get("saved") {
	case "enforced":
		p.Saved = "Saved: everyone at the company now needs two-step verification."
	case "lifted":
		p.Saved = "Saved: two-step verification is up to each person again."
	}
	var st api.LinkUsers
	err := s.withPorta(func(c *api.Client) (err error) {
		st, err = c.UpsertLinkCandidates(r.Context(), s.cfg.Org, []api.LinkCandidate{{UserID: u.ID, DisplayName: u.Name, Emails: u.Emails}})
		if err == nil && u.Admin {
			var set api.OrgSettings
			if set, err = c.ProductOrgSettings(r.Context(), s.cfg.Org); err == nil && set.Enforce2FA != nil {
				p.Enforce = *set.Enforce2FA
			}
		}
		return err
	})
	if err != nil {
		p.Notice = "Porta is unreachable right now: " + err.Error()
		render(w, http.StatusOK, p)
		return
	}
	me := st.Users[0]
	p.Linked = me.State == api.LinkLinked
	if me.ShowBanner {
		p.Banner = me.BannerURL
	}
	if p.Linked && !st.Switched {
		p.Switch = "Keep signing in with your username and password until your administrator moves Demo HR to Porta sign-in."
	}
	render(w, http.StatusOK, p)
}
