package main

// commands lists every subcommand in the order 'wfc help' shows them.
func commands() []*command {
	return []*command{
		checkCommand,
		compileCommand,
		packageCommand,
		graphCommand,
		fmtCommand,
		lspCommand,
		runCommand,
		scheduleCommand,
		runsCommand,
		showCommand,
		logsCommand,
		reportCommand,
		cacheCommand,
		serveCommand,
		connectorCommand,
		helpCommand,
		versionCommand,
	}
}
