module github.com/acme/shop

go 1.23.4

require (
	github.com/google/uuid v1.6.0
	git.corp.example.com/platform/auth v1.4.2
	gitlab.acme.internal/payments/client v0.9.0
)
