package app

import (
	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
)

func (p *secondFactorPage) pick(ctx ga.Context, e ga.Event) {
	p.use(ctx, ctx.JSSrc().Get("value").String())
}

func (p *secondFactorPage) choose(ctx ga.Context, e ga.Event) { p.choosing = !p.choosing }

// another offers the other methods.
func (p *secondFactorPage) another() ga.UI {
	return ga.P().Class("links").Body(button(msgTryAnotherWay, p.choose).ID("try-another-way"))
}

// choices lists the methods not in use, for "Try another way".
func (p *secondFactorPage) choices() ga.UI {
	choices := []ga.UI{ga.P().Class("lead").Text(tr(msgChooseMethod))}
	for _, m := range p.info.Methods {
		if _, known := methods[m]; known && m != p.method {
			choices = append(choices, button(methods[m].choice, p.pick).Value(m))
		}
	}
	return ga.Div().Class("choices").Body(append(choices, button(msgBack, p.choose))...)
}
