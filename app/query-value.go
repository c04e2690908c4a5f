package app

import "net/url"

// queryValue returns the first value of key in the query string of an
// address, or "".
func queryValue(query, key string) string {
	values, _ := url.ParseQuery(query)
	return values.Get(key)
}
