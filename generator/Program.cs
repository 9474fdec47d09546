return Werkbank.Cli.App.Run(args);
