using System;
using System.Text;

namespace Sworm.Generators.Emitting;

/// <summary>
/// Writes C# source line by line with the indentation of the current block, so emitters read like the code they write.
/// </summary>
internal sealed class SourceWriter
{
    private const string IndentUnit = "    ";

    private readonly StringBuilder _builder = new();
    private int _indentation;

    /// <summary>Writes one line (or several, each indented) at the current indentation.</summary>
    public SourceWriter Line(string text = "")
    {
        if (text.IndexOf('\n') >= 0)
        {
            foreach (var line in text.Replace("\r\n", "\n").Split('\n'))
            {
                Line(line);
            }

            return this;
        }

        if (text.Length > 0)
        {
            for (var i = 0; i < _indentation; i++)
            {
                _builder.Append(IndentUnit);
            }

            _builder.Append(text);
        }

        _builder.Append('\n');
        return this;
    }

    /// <summary>Writes <c>{</c> and indents until <see cref="CloseBlock"/>.</summary>
    public SourceWriter OpenBlock()
    {
        Line("{");
        _indentation++;
        return this;
    }

    /// <summary>Writes <c>}</c> (or <paramref name="closing"/>, e.g. <c>});</c>) one level out.</summary>
    public SourceWriter CloseBlock(string closing = "}")
    {
        if (_indentation == 0)
        {
            throw new InvalidOperationException("No block is open.");
        }

        _indentation--;
        Line(closing);
        return this;
    }

    public SourceWriter Indent()
    {
        _indentation++;
        return this;
    }

    public SourceWriter Unindent()
    {
        _indentation--;
        return this;
    }

    public override string ToString() => _builder.ToString();
}
