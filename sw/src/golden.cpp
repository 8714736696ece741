// golden: to be written
