import ArgumentParser
import Glibc

/// Routes worker processes to their loop before any argument parsing, then runs the command with the
/// exit statuses of the contract (usage errors are 2, not ArgumentParser's 64).
@main
enum Main {
    static func main() async {
        if CommandLine.arguments.dropFirst().first == WorkerEntry.flag { WorkerEntry.run() }
        // `augment preview ...` is its own command (routed here: the main command's inputs are positional, so
        // ArgumentParser would take "preview" for an input).
        if CommandLine.arguments.dropFirst().first == "preview" {
            await run(PreviewCommand.self, arguments: Array(CommandLine.arguments.dropFirst(2)))
        }
        if CommandLine.arguments.dropFirst().first == "coco-merge" {
            await run(COCOMergeCommand.self, arguments: Array(CommandLine.arguments.dropFirst(2)))
        }
        await run(AugmentCommand.self, arguments: Array(CommandLine.arguments.dropFirst()))
    }

    /// Parses and runs `Command`, then exits with the contract's status.
    static func run<Command: ParsableCommand>(_: Command.Type, arguments: [String]) async -> Never {
        do {
            var parsed = try Command.parseAsRoot(arguments)
            if var command = parsed as? AugmentCommand {
                try await command.runAsync()
            } else {
                try parsed.run()  // preview, --help and the like
            }
        } catch let error as UsageError {
            StandardError.write("augment: \(error)\n")
            exit(2)
        } catch let code as ExitCode {
            exit(code.rawValue)
        } catch {
            let status = Command.exitCode(for: error)
            let help = Command.self == AugmentCommand.self ? "augment --help"
                : "augment \(Command.configuration.commandName ?? "") --help"
            if status == .validationFailure || status.rawValue == 64 {
                StandardError.write(Command.fullMessage(for: error) + "\n")
                StandardError.write("Run '\(help)' for usage.\n")
                exit(2)
            }
            if status == .success {
                print(Command.fullMessage(for: error))
                exit(0)
            }
            StandardError.write("augment: \(Command.fullMessage(for: error))\n")
            exit(status.rawValue == 0 ? 1 : status.rawValue)
        }
        exit(0)
    }
}
