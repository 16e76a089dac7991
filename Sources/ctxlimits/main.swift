import CtxlimitsCLI
import Foundation

Interrupt.install()
exit(Tool.run(Array(CommandLine.arguments.dropFirst())))
