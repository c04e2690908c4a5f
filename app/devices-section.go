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
	devices []api.RememberedDevice
	load    call
	forget  call
}

func (s *devicesSection) OnMount(ctx ga.Context) {
	ctx.Handle(actionDevicesChanged, func(ctx ga.Context, _ ga.Action) { s.reload(ctx) })
	s.reload(ctx)
}

func (s *devicesSection) reload(ctx ga.Context) {
	request(ctx, &s.load, (*api.Client).RememberedDevices, func(_ ga.Context, l api.DeviceList) {
		s.devices = append([]api.RememberedDevice{}, l.Devices...)
	}, nil)
}

func (s *devicesSection) Render() ga.UI {
	items := make([]ga.UI, 0, len(s.devices))
	for _, d := range s.devices {
		meta := tr(msgRememberedUntil, when(d.TrustedUntil))
		if d.Current {
			meta = tr(msgThisDeviceMeta, meta)
		}
		items = append(items, item(d.Device, meta,
			button(msgForget, s.forgetOne).Value(d.ID).Aria("label", tr(msgForgetNamed, d.Device))))
	}
	var none ga.UI
	if s.devices != nil && len(items) == 0 {
		none = ga.P().Class("hint").Text(tr(msgNoDevices))
	}
	return section("devices-title", msgDevicesTitle, none, ga.Ul().Class("sessions").Body(items...),
		s.load.feedback(), s.forget.feedback())
}

// forgetOne reads the device id from the button, like revokeOne.
func (s *devicesSection) forgetOne(ctx ga.Context, e ga.Event) {
	id := ctx.JSSrc().Get("value").String()
	perform(ctx, &s.forget, func(c *api.Client, cx context.Context) error {
		return c.ForgetDevice(cx, id)
	}, func(ctx ga.Context) {
		s.forget.ok = tr(msgForgotten)
		ctx.NewAction(actionDevicesChanged)
	}, nil)
}
