module example.com/gg/leaks

go 1.21
