/// The subcommands that exist, in the order `--help` lists them.
public enum Registry {
    public static let commands: [Subcommand] = [
        CheckCommand.command,
        SpectrumCommand.command,
        BoundsCommand.command,
        FixCommand.command,
        ValidateCommand.command,
        ErasureCommand.command,
        LocalityCommand.command,
        WindowCommand.command,
        FeasibilityCommand.command,
        CapacityCommand.command,
        KernelCommand.command,
        BaseBoundCommand.command,
        DecayCommand.command,
        ExtrapolationCommand.command,
        ReproduceCommand.command,
        BenchCommand.command,
    ]
}
