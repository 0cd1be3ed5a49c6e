"""Reference data: countries and M49 regions, population, treaties and treaty actions, legislation."""
