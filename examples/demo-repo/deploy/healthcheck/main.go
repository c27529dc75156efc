// healthcheck is the sidecar that probes the orders API and its live order feed.
package main

import (
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/golang-jwt/jwt/v4"
	"github.com/gorilla/websocket"
)

func main() {
	token := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"sub": "healthcheck", "exp": time.Now().Add(time.Minute).Unix()})
	signed, err := token.SignedString([]byte(os.Getenv("HEALTHCHECK_SIGNING_KEY")))
	if err != nil {
		fmt.Fprintln(os.Stderr, "cannot sign probe token:", err)
		os.Exit(1)
	}
	request, _ := http.NewRequest(http.MethodGet, os.Getenv("ORDERS_HEALTH_URL"), nil)
	request.Header.Set("Authorization", "Bearer "+signed)
	response, err := (&http.Client{Timeout: 5 * time.Second}).Do(request)
	if err != nil || response.StatusCode != http.StatusOK {
		fmt.Fprintln(os.Stderr, "orders API unhealthy:", err)
		os.Exit(1)
	}
	feed, _, err := websocket.DefaultDialer.Dial(os.Getenv("ORDERS_FEED_URL"), nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, "order feed unreachable:", err)
		os.Exit(1)
	}
	_ = feed.Close()
	fmt.Println("ok")
}
