"""`palermo fund ...` commands."""
