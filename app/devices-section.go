package app

import (
	"context"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// devicesSection lists the browsers that skip the second step, and makes
// one ask for it again.
type devicesSection struct {
	ga.Compo
	page    ga.Context
	devices []api.RememberedDevice
	load    call
	forget  call
}

func (s *devicesSection) OnMount(ctx ga.Context) {
	s.page = ctx
	s.reload()
}

func (s *devicesSection) reload() {
	var l api.DeviceList
	run(s.page, &s.load, func(cx context.Context, c *api.Client) (err error) {
		l, err = c.RememberedDevices(cx)
		return
	}, func(ga.Context) { s.devices = append([]api.RememberedDevice{}, l.Devices...) }, nil)
}

func (s *devicesSection) Render() ga.UI {
	items := make([]ga.UI, 0, len(s.devices))
	for _, d := range s.devices {
		meta := msgRememberedUntil + when(d.TrustedUntil)
		if d.Current {
			meta = msgThisDevice + " · " + meta
		}
		items = append(items, item(d.Device, meta,
			button(msgForget, s.forgetOne).Attr("value", d.ID).Aria("label", msgForget+" "+d.Device)))
	}
	var none ga.UI
	if s.devices != nil && len(items) == 0 {
		none = txt("p", "hint", msgNoDevices)
	}
	return section("devices-title", msgDevicesTitle, none, el("ul", "sessions", items...),
		s.load.feedback(), s.forget.feedback())
}

// forgetOne reads the device id from the button, like revokeOne.
func (s *devicesSection) forgetOne(ctx ga.Context, e ga.Event) {
	id := ctx.JSSrc().Get("value").String()
	run(s.page, &s.forget, func(cx context.Context, c *api.Client) error {
		return c.ForgetDevice(cx, id)
	}, func(ga.Context) {
		s.forget.ok = msgForgotten
		s.reload()
	}, nil)
}
