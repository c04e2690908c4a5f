package app

import (
	"context"
	"strings"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// smsStep asks for a phone number, then for the code texted to it.
func (p *setupPage) smsStep() ga.UI {
	skip := ga.UI(button(msgSkip, p.next).ID("skip-sms"))
	if p.only != "" {
		skip = nil
	}
	if p.phone == "" {
		var options []ga.UI
		for _, line := range strings.Split(tr(msgCallingCodes), "\n") {
			code, country, _ := strings.Cut(line, " ")
			options = append(options, ga.Option().Value(code).Text(tr(msgCallingCode, country, code)))
		}
		return form(p.sendSMS,
			ga.P().Class("lead").Text(tr(msgSMSLead)),
			ga.Div().Class("field").Body(label("country", tr(msgCountry)),
				ga.Select().Class("input").ID("country").Name("country").Body(options...)),
			field{id: "phone", label: tr(msgPhone), kind: "tel", autocomplete: "tel-national", inputMode: "tel", maxLength: 20}.ui(),
			p.gate.req.feedback(),
			p.actions(ga.Div().Body(skip, submitButton(msgSendCode, msgSending, p.gate.req.busy))),
		)
	}
	return form(p.confirm,
		ga.P().Class("lead").Text(tr(msgSentTo, p.phone)),
		codeField("sms-code", tr(msgSMSCode), false),
		p.req.feedback(),
		p.actions(ga.Div().Body(skip, submitButton(msgNext, msgChecking, p.req.busy))),
	)
}

func (p *setupPage) sendSMS(ctx ga.Context, e ga.Event) {
	e.PreventDefault()
	phone := formValue(e, "country") + strings.Join(strings.Fields(formValue(e, "phone")), "")
	var s api.CodeSent
	p.gate.start(ctx, func(cx context.Context, c *api.Client, pw string) (err error) {
		s, err = c.StartSMS(cx, phone, pw)
		return
	}, func(ga.Context) {
		if p.phone = s.Phone; p.phone == "" {
			p.phone = phone
		}
	})
}
