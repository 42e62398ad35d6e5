module example.com/gg/second

go 1.21

require example.com/gg/leaks v0.0.0

replace example.com/gg/leaks => ../leaks
