module example.com/leaky-server

go 1.20
