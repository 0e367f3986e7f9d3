import ForecastCLI

Forecast.main()
