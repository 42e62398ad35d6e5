module example.com/gg/extra

go 1.21
