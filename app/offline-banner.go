package app

import ga "github.com/maxence-charriere/go-app/v10/pkg/app"

// offlineBanner says so while the browser reports no connection.
type offlineBanner struct {
	ga.Compo
	offline bool
	release func()
}

func (b *offlineBanner) OnMount(ctx ga.Context) {
	w := ga.Window()
	check := func() bool { return !w.Get("navigator").Get("onLine").Bool() }
	b.offline = check()
	changed := ga.FuncOf(func(ga.Value, []ga.Value) any {
		ctx.Dispatch(func(ga.Context) { b.offline = check() })
		return nil
	})
	w.Call("addEventListener", "online", changed)
	w.Call("addEventListener", "offline", changed)
	b.release = func() {
		w.Call("removeEventListener", "online", changed)
		w.Call("removeEventListener", "offline", changed)
		changed.Release()
	}
}

func (b *offlineBanner) OnDismount() {
	if b.release != nil {
		b.release()
	}
}

func (b *offlineBanner) Render() ga.UI {
	if !b.offline {
		return ga.Div().Role("status")
	}
	return ga.Div().Class("offline").Role("status").Text(tr(msgOfflineBanner))
}
