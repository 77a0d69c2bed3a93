using Sworm.Generators.Model;

namespace Sworm.Generators.Emitting;

/// <summary>Writes the generated half of one <c>[Sworm]</c> class: options, facade and handoff messages.</summary>
internal static partial class SwormEmitter
{
    private const string Client = "global::Sworm.SwormClient";
    private const string Token = "global::System.Threading.CancellationToken";
    private const string Pid = "global::Proto.PID";
    private const string Task = "global::System.Threading.Tasks.Task";
    private const string List = "global::System.Collections.Generic.IReadOnlyList";
    private const string TimeSpan = "global::System.TimeSpan";
    private const string TokenDoc = "/// <param name=\"cancellationToken\">Cancels the call.</param>";
    private const string TimeoutDoc = "/// <param name=\"timeout\">How long to wait for replies; null for the sworm's default timeout.</param>";

    public static string HintName(SwormModel model) => model.Hierarchy.MetadataName + ".Sworm.g.cs";

    public static string Emit(SwormModel model)
    {
        var writer = new SourceWriter();
        GeneratedCode.WriteHeader(writer);
        var blocks = GeneratedCode.OpenHierarchy(writer, model.Hierarchy);

        var self = model.Hierarchy.FullyQualifiedName;
        var name = GeneratedCode.Identifier(model.Hierarchy.Name);
        var contract = $"global::Sworm.ISworm<{self}>";

        writer.Line($"partial {model.Hierarchy.Keyword} {name} : {contract}");
        writer.OpenBlock();

        WriteOptions(writer, model);
        WriteDeclaration(writer, contract, self);
        WriteConstructor(writer, name);
        WriteFacade(writer);
        WriteHandoffMessages(writer);

        writer.CloseBlock();
        GeneratedCode.CloseBlocks(writer, blocks);
        return writer.ToString();
    }

    private static void WriteOptions(SourceWriter writer, SwormModel model)
    {
        writer.Line($$"""
            /// <summary>The cluster-wide name of this sworm.</summary>
            {{GeneratedCode.Attribute}}
            public const string SwormName = {{GeneratedCode.Literal(model.Name)}};

            /// <summary>The restart strategy declared on <c>[Sworm]</c>. Run-time configuration may override it.</summary>
            {{GeneratedCode.Attribute}}
            public const global::Sworm.RestartStrategy DeclaredRestart = global::Sworm.RestartStrategy.{{model.RestartMember}};

            /// <summary>Whether handoff is declared on <c>[Sworm]</c>. Run-time configuration may override it.</summary>
            {{GeneratedCode.Attribute}}
            public const bool DeclaredHandoff = {{(model.Handoff ? "true" : "false")}};

            /// <summary>The handoff timeout declared on <c>[Sworm]</c>, in milliseconds. Run-time configuration may override it.</summary>
            {{GeneratedCode.Attribute}}
            public const int DeclaredHandoffTimeoutMs = {{model.HandoffTimeoutMs}};

            /// <summary>Whether rebalancing on join is declared on <c>[Sworm]</c>. Run-time configuration may override it.</summary>
            {{GeneratedCode.Attribute}}
            public const bool DeclaredRebalanceOnJoin = {{(model.RebalanceOnJoin ? "true" : "false")}};

            /// <summary>The rebalancing rate declared on <c>[Sworm]</c>, in moves per second per member. Run-time configuration may override it.</summary>
            {{GeneratedCode.Attribute}}
            public const int DeclaredRebalanceMovesPerSecond = {{model.RebalanceMovesPerSecond}};

            """);
    }

    private static void WriteDeclaration(SourceWriter writer, string contract, string self)
    {
        // Explicit static interface members cannot be auto-properties with initializers, hence the field.
        writer.Line($$"""
            {{GeneratedCode.Attribute}}
            private static readonly global::Sworm.SwormDeclaration {{SwormEmitterNames.DeclarationField}} = new global::Sworm.SwormDeclaration(
                SwormName,
                DeclaredRestart,
                DeclaredHandoff,
                DeclaredHandoffTimeoutMs,
                DeclaredRebalanceOnJoin,
                DeclaredRebalanceMovesPerSecond,
                static request => new BeginHandoff(request),
                static state => new EndHandoff(state),
                static state => new ResolveConflict(state));

            {{GeneratedCode.Attribute}}
            private readonly {{Client}} {{SwormEmitterNames.ClientField}};

            /// <inheritdoc />
            static global::Sworm.SwormDeclaration {{contract}}.Declaration => {{SwormEmitterNames.DeclarationField}};

            /// <inheritdoc />
            static {{self}} {{contract}}.Create({{Client}} client) => new {{self}}(client);

            """);
    }

    private static void WriteConstructor(SourceWriter writer, string name)
    {
        writer.Line($$"""
            {{GeneratedCode.Attribute}}
            private {{name}}({{Client}} client)
            {
                {{SwormEmitterNames.ClientField}} = client ?? throw new global::System.ArgumentNullException(nameof(client));
            }

            """);
    }

    private static void WriteFacade(SourceWriter writer)
    {
        Method(writer,
            """
            /// <summary>Starts a supervised worker from <paramref name="spec"/> and registers it under <paramref name="name"/> in the cluster.</summary>
            /// <param name="name">The cluster-wide name.</param>
            /// <param name="spec">The worker to start, from its generated <c>Spec(...)</c> method.</param>
            """,
            "/// <returns><see cref=\"global::Sworm.RegisterStatus.Started\"/> with the new pid, or <see cref=\"global::Sworm.RegisterStatus.AlreadyStarted\"/> with the pid that holds the name.</returns>",
            $"{Task}<global::Sworm.RegisterResult>",
            "RegisterName(string name, global::Sworm.WorkerSpec spec, {token})",
            "RegisterName(name, spec, cancellationToken)");

        Method(writer,
            """
            /// <summary>Registers an existing process under <paramref name="name"/>. It is not supervised and its names vanish when it stops.</summary>
            /// <param name="name">The cluster-wide name.</param>
            /// <param name="pid">The process to register.</param>
            """,
            "/// <returns>True if the name was registered; false if it is already taken.</returns>",
            $"{Task}<bool>",
            $"RegisterName(string name, {Pid} pid, {{token}})",
            "RegisterName(name, pid, cancellationToken)");

        Method(writer,
            """
            /// <summary>Returns the process registered under <paramref name="name"/>, starting it from <paramref name="spec"/> if there is none.</summary>
            /// <param name="name">The cluster-wide name.</param>
            /// <param name="spec">The worker to start if the name is free.</param>
            """,
            "/// <returns>The pid that holds the name.</returns>",
            $"{Task}<{Pid}>",
            "WhereIsOrRegisterName(string name, global::Sworm.WorkerSpec spec, {token})",
            "WhereIsOrRegisterName(name, spec, cancellationToken)");

        Method(writer,
            """
            /// <summary>Removes <paramref name="name"/>. A supervised worker is stopped; a pid-registered process keeps running.</summary>
            /// <param name="name">The cluster-wide name.</param>
            """,
            "/// <returns>True if the name was removed; false if it was not registered.</returns>",
            $"{Task}<bool>",
            "UnregisterName(string name, {token})",
            "UnregisterName(name, cancellationToken)");

        Method(writer,
            """
            /// <summary>Finds the process registered under <paramref name="name"/>.</summary>
            /// <param name="name">The cluster-wide name.</param>
            """,
            "/// <returns>The pid, or null if the name is not registered.</returns>",
            $"{Task}<{Pid}?>",
            "WhereIsName(string name, {token})",
            "WhereIsName(name, cancellationToken)");

        Method(writer,
            "/// <summary>Lists every name registered in this sworm.</summary>",
            "/// <returns>The registrations, each a name and its pid.</returns>",
            $"{Task}<{List}<global::Sworm.Registration>>",
            "Registered({token})",
            "Registered(cancellationToken)");

        Method(writer,
            """
            /// <summary>Adds <paramref name="pid"/> to <paramref name="group"/>. Idempotent.</summary>
            /// <param name="group">The group name.</param>
            /// <param name="pid">A process of this sworm.</param>
            """,
            "/// <returns>True if the process is in the group; false if it is not part of this sworm.</returns>",
            $"{Task}<bool>",
            $"Join(string group, {Pid} pid, {{token}})",
            "Join(group, pid, cancellationToken)");

        Method(writer,
            """
            /// <summary>Removes <paramref name="pid"/> from <paramref name="group"/>. Idempotent.</summary>
            /// <param name="group">The group name.</param>
            /// <param name="pid">The process to remove.</param>
            """,
            "/// <returns>True if the process is no longer in the group.</returns>",
            $"{Task}<bool>",
            $"Leave(string group, {Pid} pid, {{token}})",
            "Leave(group, pid, cancellationToken)");

        Method(writer,
            """
            /// <summary>Lists the members of <paramref name="group"/>.</summary>
            /// <param name="group">The group name.</param>
            """,
            "/// <returns>The pids in the group.</returns>",
            $"{Task}<{List}<{Pid}>>",
            "Members(string group, {token})",
            "Members(group, cancellationToken)");

        Method(writer,
            """
            /// <summary>Sends <paramref name="message"/> to every member of <paramref name="group"/>.</summary>
            /// <param name="group">The group name.</param>
            /// <param name="message">The message to send.</param>
            """,
            "/// <returns>How many processes it was sent to.</returns>",
            $"{Task}<int>",
            "Publish(string group, object message, {token})",
            "Publish(group, message, cancellationToken)");

        Method(writer,
            """
            /// <summary>Sends <paramref name="message"/> to every member of <paramref name="group"/> and collects their replies.</summary>
            /// <typeparam name="TReply">The type of the replies.</typeparam>
            /// <param name="group">The group name.</param>
            /// <param name="message">The request.</param>
            """ + "\n" + TimeoutDoc,
            "/// <returns>The replies; members that fail or time out are left out.</returns>",
            $"{Task}<{List}<TReply>>",
            $"MultiCall<TReply>(string group, object message, {TimeSpan}? timeout = null, {{token}})",
            "MultiCall<TReply>(group, message, timeout, cancellationToken)");

        Method(writer,
            """
            /// <summary>Sends <paramref name="message"/> to the process registered under <paramref name="name"/>.</summary>
            /// <param name="name">The cluster-wide name.</param>
            /// <param name="message">The message to send.</param>
            """,
            "/// <returns>True if it was sent; false if the name is not registered.</returns>",
            $"{Task}<bool>",
            "Send(string name, object message, {token})",
            "Send(name, message, cancellationToken)");

        Method(writer,
            """
            /// <summary>Sends <paramref name="message"/> to the process registered under <paramref name="name"/> and waits for its reply.</summary>
            /// <typeparam name="TReply">The type of the reply.</typeparam>
            /// <param name="name">The cluster-wide name.</param>
            /// <param name="message">The request.</param>
            /// <param name="timeout">How long to wait for the reply; null for the sworm's default timeout.</param>
            """,
            "/// <returns>The reply.</returns>\n/// <exception cref=\"global::Sworm.SwormNameNotFoundException\">The name is not registered.</exception>",
            $"{Task}<TReply>",
            $"Request<TReply>(string name, object message, {TimeSpan}? timeout = null, {{token}})",
            "Request<TReply>(name, message, timeout, cancellationToken)");

        Method(writer,
            "/// <summary>Lists the members of the cluster that run this sworm, this one included.</summary>",
            "/// <returns>Their addresses, as <c>host:port</c>.</returns>",
            $"{Task}<{List}<string>>",
            "Nodes({token})",
            "Nodes(cancellationToken)");
    }

    private static void Method(SourceWriter writer, string summaryAndParameters, string returns, string returnType, string signature, string call)
    {
        writer.Line(summaryAndParameters.TrimEnd());
        writer.Line(TokenDoc);
        writer.Line(returns);
        writer.Line(GeneratedCode.Attribute);
        writer.Line($"public {returnType} {signature.Replace("{token}", Token + " cancellationToken = default")}");
        writer.Indent().Line($"=> {SwormEmitterNames.ClientField}.{call};").Unindent();
        writer.Line();
    }
}
