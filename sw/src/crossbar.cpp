// crossbar: to be written
