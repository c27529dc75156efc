module github.com/acme/orders/deploy/healthcheck

go 1.21

require (
	github.com/golang-jwt/jwt/v4 v4.5.0
	github.com/gorilla/websocket v1.4.0
)
