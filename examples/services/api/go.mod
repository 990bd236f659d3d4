module example.com/api

go 1.23

require gitlab.acme.internal/payments/client v0.9.0

replace gitlab.acme.internal/payments/client => ../../../payments-client
