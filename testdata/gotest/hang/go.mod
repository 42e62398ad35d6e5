module example.com/gg/hang

go 1.21
