import ArgumentParser
import Glibc

/// Routes worker processes to their loop before any argument parsing, then runs the command with the
/// exit statuses of the contract (usage errors are 2, not ArgumentParser's 64).
@main
enum Main {
    static func main() async {
        if CommandLine.arguments.dropFirst().first == WorkerEntry.flag { WorkerEntry.run() }
        do {
            var parsed = try AugmentCommand.parseAsRoot()
            if var command = parsed as? AugmentCommand {
                try await command.runAsync()
            } else {
                try parsed.run()  // --help and the like
            }
        } catch let error as UsageError {
            StandardError.write("augment: \(error)\n")
            exit(2)
        } catch let code as ExitCode {
            exit(code.rawValue)
        } catch {
            let status = AugmentCommand.exitCode(for: error)
            if status == .validationFailure || status.rawValue == 64 {
                StandardError.write(AugmentCommand.fullMessage(for: error) + "\n")
                StandardError.write("Run 'augment --help' for usage.\n")
                exit(2)
            }
            if status == .success {
                print(AugmentCommand.fullMessage(for: error))
                exit(0)
            }
            StandardError.write("augment: \(AugmentCommand.fullMessage(for: error))\n")
            exit(status.rawValue == 0 ? 1 : status.rawValue)
        }
        exit(0)
    }
}
