using Proto;
using Proto.Remote;
using Sworm.Serialization;
using Sworm.Supervision.Failover;
using Sworm.Sworms;
using Xunit;

namespace Sworm.Runtime.Tests.Serialization;

/// <summary>The serializer Sworm members put plain messages on the wire with (Sworm's records and users' messages).</summary>
public sealed class SwormWireSerializerTests
{
    public sealed record UserMessage(string Text, PID Target, List<int> Numbers);

    [Fact]
    public void Sworm_records_and_user_messages_cross_as_the_same_values()
    {
        var serializer = new SwormWireSerializer(WireCodecs.All);
        var spec = new StoreSpec("device-1", new WorkerSpec("Some.Worker", "System.String", "[\"x\"]"), "member-a");
        var user = new UserMessage("hi", PID.FromAddress("127.0.0.1:4000", "worker$1"), [1, 2, 3]);

        foreach (var message in new object[] { spec, user })
        {
            Assert.True(serializer.CanSerialize(message));
            var back = serializer.Deserialize(serializer.Serialize(message), serializer.GetTypeName(message));
            Assert.IsType(message.GetType(), back);
            if (back is UserMessage received)
            {
                Assert.Equal(user.Text, received.Text);
                Assert.Equal(user.Target, received.Target);
                Assert.Equal(user.Numbers, received.Numbers);
            }
            else
            {
                Assert.Equal(spec, back);
            }
        }
    }

    [Fact]
    public void Protobuf_messages_are_left_to_Proto_and_an_unknown_type_is_a_clear_error()
    {
        var serializer = new SwormWireSerializer(WireCodecs.All);

        Assert.False(serializer.CanSerialize(PID.FromAddress("127.0.0.1:4000", "x")));
        var error = Assert.Throws<InvalidOperationException>(() =>
            serializer.Deserialize(serializer.Serialize(new UserMessage("x", new PID(), [])), "No.Such.Type, No.Such.Assembly"));
        Assert.Contains("No.Such.Type", error.Message);
        Assert.Contains("same message assemblies", error.Message);
    }

    [Fact]
    public async Task A_Sworm_member_puts_plain_messages_on_the_wire_with_it_and_protobuf_ones_as_protobuf()
    {
        await using var member = await TestMember.Start(s => s.AddSworm<TestProcesses>());
        var serialization = member.System.Serialization();

        Assert.Equal(SwormWireSerializer.Id, serialization.Serialize(new UserMessage("x", new PID(), [])).serializerId);
        Assert.Equal(Proto.Remote.Serialization.SERIALIZER_ID_PROTOBUF, serialization.Serialize(new PID("a", "b")).serializerId);
    }
}
