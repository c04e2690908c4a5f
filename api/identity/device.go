package identity

import "strings"

// DescribeDevice turns a user agent into words like "Chrome on Linux". It
// is a hint for people reading their session list, not a security signal.
func DescribeDevice(ua string) string {
	browser := pick(ua, []string{"Edg/", "Edge", "OPR/", "Opera", "Firefox/", "Firefox", "Chrome/", "Chrome", "Safari/", "Safari"}, "Browser")
	if strings.Contains(ua, "HeadlessChrome") {
		browser = "Headless Chrome"
	}
	os := pick(ua, []string{"Android", "Android", "iPhone", "iPhone", "iPad", "iPad", "Windows", "Windows", "Mac OS X", "macOS", "CrOS", "ChromeOS", "Linux", "Linux"}, "")
	if ua == "" {
		return "Unknown device"
	}
	if os == "" {
		return browser
	}
	return browser + " on " + os
}

// pick returns the name of the first marker in pairs (marker, name) found in s.
func pick(s string, pairs []string, fallback string) string {
	for i := 0; i+1 < len(pairs); i += 2 {
		if strings.Contains(s, pairs[i]) {
			return pairs[i+1]
		}
	}
	return fallback
}
