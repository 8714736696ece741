// functional: to be written
