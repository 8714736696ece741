// net_yaml: to be written
